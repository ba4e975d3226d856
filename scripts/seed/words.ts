// Hand-written word lists for demo data: no fake-data dependency, and the output reads like a real blog.

export const FIRST_NAMES = [
  'Maria', 'James', 'Aisha', 'Chen', 'Olivia', 'Mateo', 'Priya', 'Lukas', 'Fatima', 'Noah',
  'Yuki', 'Elena', 'Kwame', 'Sofia', 'Arjun', 'Hannah', 'Diego', 'Ingrid', 'Omar', 'Chloe',
  'Tomasz', 'Amara', 'Felix', 'Leila', 'Ravi', 'Nora', 'Santiago', 'Mei', 'Jonas', 'Zara',
  'Ethan', 'Anika', 'Pablo', 'Freya', 'Kenji', 'Isabel', 'Malik', 'Astrid', 'Hugo', 'Nadia',
  'Samuel', 'Lucia', 'Tariq', 'Emma', 'Viktor', 'Ayumi', 'Gabriel', 'Signe', 'Idris', 'Clara',
] as const;

export const LAST_NAMES = [
  'Garcia', 'Smith', 'Okafor', 'Wang', 'Johnson', 'Rossi', 'Patel', 'Müller', 'Haddad', 'Kim',
  'Tanaka', 'Petrova', 'Mensah', 'Silva', 'Sharma', 'Becker', 'Fernández', 'Lindqvist', 'Farouk', 'Martin',
  'Nowak', 'Eze', 'Schmidt', 'Karimi', 'Iyer', 'Andersen', 'López', 'Chen', 'Weber', 'Hussain',
  'Brown', 'Gupta', 'Moreno', 'Nielsen', 'Sato', 'Costa', 'Diallo', 'Berg', 'Dubois', 'Rahman',
] as const;

export const HANDLE_WORDS = ['dev', 'codes', 'builds', 'ships', 'writes', 'hacks', 'tinkers', 'io', 'js', 'ops'] as const;

export const ROLES = [
  'Frontend engineer', 'Backend developer', 'Full-stack developer', 'Site reliability engineer', 'Staff engineer',
  'Engineering manager', 'Developer advocate', 'Data engineer', 'Security engineer', 'Indie hacker',
  'Platform engineer', 'Mobile developer', 'CTO', 'Software consultant', 'Open-source maintainer',
] as const;

export const WORKPLACES = [
  'a small fintech startup', 'a logistics company', 'a remote-first agency', 'a public broadcaster', 'a health-tech scale-up',
  'a university research lab', 'an e-commerce platform', 'a climate-data nonprofit', 'a game studio', 'a travel marketplace',
] as const;

export const BIO_EXTRAS = [
  'Writing about the things I debug so you don\'t have to.',
  'Coffee, type systems and long bike rides.',
  'I like boring technology and exciting results.',
  'Mentor, speaker, and occasional conference organiser.',
  'Currently learning Rust one compiler error at a time.',
  'Opinions are my own and change with new evidence.',
  'Accessibility advocate. The web is for everyone.',
  'Recovering perfectionist, shipping small things often.',
  'Trying to make on-call a little less scary.',
  'Father of two, maintainer of too many side projects.',
  'Ex-designer who fell in love with CSS architecture.',
  'Based in Lisbon, working with teams all over the world.',
] as const;

/** Tag → topics an article with that tag writes about; the tag list is the demo's pool of ~25 tags. */
export const TOPICS_BY_TAG: Record<string, readonly string[]> = {
  javascript: ['async iterators', 'the JavaScript event loop', 'ES modules', 'closures'],
  typescript: ['TypeScript generics', 'discriminated unions', 'strict mode in TypeScript', 'type-safe APIs'],
  react: ['React Server Components', 'useEffect', 'React state management', 'Suspense'],
  node: ['Node.js streams', 'worker threads', 'Node.js memory leaks', 'graceful shutdown in Node.js'],
  aws: ['IAM policies', 'AWS cost allocation', 'multi-account AWS setups', 'CloudFormation'],
  serverless: ['AWS Lambda cold starts', 'event-driven architecture', 'Step Functions', 'serverless local development'],
  dynamodb: ['single-table design', 'DynamoDB GSIs', 'DynamoDB transactions', 'access-pattern modelling'],
  testing: ['integration tests', 'property-based testing', 'flaky tests', 'contract testing'],
  devops: ['CI pipelines', 'blue-green deployments', 'infrastructure as code', 'feature flags'],
  css: ['CSS grid', 'container queries', 'design tokens', 'CSS cascade layers'],
  rust: ['Rust ownership', 'async Rust', 'error handling in Rust', 'Rust for web services'],
  go: ['Go concurrency', 'Go generics', 'context cancellation in Go', 'Go error wrapping'],
  python: ['Python type hints', 'asyncio', 'Python packaging', 'FastAPI'],
  databases: ['Postgres indexes', 'database migrations', 'connection pooling', 'query planning'],
  security: ['password hashing', 'JWT authentication', 'supply-chain security', 'threat modelling'],
  performance: ['web performance budgets', 'profiling', 'caching strategies', 'Core Web Vitals'],
  career: ['technical interviews', 'the staff engineer path', 'giving code reviews', 'working remotely'],
  architecture: ['microservices', 'modular monoliths', 'hexagonal architecture', 'event sourcing'],
  'open-source': ['maintaining an open-source project', 'writing a good README', 'semantic versioning', 'open-source licences'],
  productivity: ['deep work for developers', 'writing design docs', 'keyboard-driven workflows', 'meeting-free days'],
  design: ['design systems', 'UX writing', 'prototyping', 'dark mode'],
  accessibility: ['screen reader testing', 'keyboard navigation', 'accessible forms', 'colour contrast'],
  kubernetes: ['Kubernetes operators', 'Helm charts', 'pod autoscaling', 'Kubernetes networking'],
  graphql: ['GraphQL schema design', 'GraphQL federation', 'N+1 queries in GraphQL', 'persisted queries'],
  observability: ['structured logging', 'distributed tracing', 'SLOs and error budgets', 'OpenTelemetry'],
};

/** Tags that go together on one article; an article's extra tags come from its main tag's families. */
export const TAG_FAMILIES: readonly (readonly string[])[] = [
  ['javascript', 'typescript', 'react', 'css', 'design', 'accessibility', 'performance', 'graphql'],
  ['node', 'typescript', 'go', 'rust', 'python', 'databases', 'graphql', 'security', 'performance'],
  ['aws', 'serverless', 'dynamodb', 'kubernetes', 'devops', 'observability', 'security', 'architecture'],
  ['testing', 'career', 'productivity', 'open-source', 'architecture', 'design'],
];

export const TITLE_TEMPLATES = [
  'A practical guide to {topic}',
  'What I learned from a year of {topic}',
  '{topic} in production: lessons learned the hard way',
  'Stop overthinking {topic}',
  '{n} things I wish I knew about {topic}',
  'Why we moved away from {topic}',
  '{Topic}, explained with real examples',
  'Debugging {topic} at 2 a.m.',
  'The hidden costs of {topic}',
  'Is {topic} still worth it?',
  'Getting started with {topic}',
  '{Topic}: patterns that scale',
  'Rethinking {topic}',
  'Testing {topic} without losing your mind',
  'A gentle introduction to {topic}',
  'Notes on {topic}',
  'Common {topic} mistakes and how to avoid them',
  'When not to use {topic}',
  'Building a side project with {topic}',
  'The {topic} checklist I use on every project',
  'How {topic} changed the way our team works',
  'Everything you need to know about {topic}',
] as const;

export const DESCRIPTION_TEMPLATES = [
  'A hands-on look at {topic}, with the trade-offs nobody mentions.',
  'Everything our team learned about {topic}, the hard way.',
  'A short, opinionated tour of {topic} for busy developers.',
  'What actually matters when you adopt {topic}, and what does not.',
  'Real code, real numbers and a few regrets about {topic}.',
  'My notes from moving a legacy codebase to {topic}.',
  'The mental model that finally made {topic} click for me.',
  'A field guide to {topic}, from first steps to production.',
] as const;

export const HEADINGS = [
  'Why this matters', 'The problem', 'What we tried first', 'A better approach', 'The trade-offs',
  'In practice', 'What went wrong', 'Measuring the result', 'Things to watch out for', 'A worked example',
  'Where to go from here', 'The short version', 'Under the hood', 'Lessons learned',
] as const;

export const SENTENCES = [
  'Most teams meet {topic} long before they understand it.',
  'The first time I used {topic}, I got almost everything wrong.',
  'On paper, {topic} looks simple; the details are where it gets interesting.',
  'The documentation covers the happy path well, but production rarely stays on it.',
  'We measured before and after, and the difference surprised all of us.',
  'It is tempting to reach for a framework here, but a few lines of plain code were enough.',
  'The key insight is that {topic} is a tool for a specific problem, not a goal in itself.',
  'If you only remember one thing from this post, make it this: measure first.',
  'Our initial version worked fine until traffic grew by an order of magnitude.',
  'None of this is new, but it is easy to forget under deadline pressure.',
  'I asked around, and almost everyone had a story about {topic} going sideways.',
  'The fix turned out to be a one-line change, after three days of investigation.',
  'Good defaults matter more than clever configuration.',
  'Small, reversible steps beat big rewrites almost every time.',
  'Once the team agreed on naming, the code reviews got noticeably shorter.',
  'There is no silver bullet, but there are some very good habits.',
  'We wrote the tests first, and they caught two bugs before anything shipped.',
  'The hardest part was not the code but changing how we thought about the problem.',
  'Be careful with {topic} when several people change the same code at once.',
  'Logging the right context saved us hours during the next incident.',
  'Reading the source of the library taught me more than any tutorial.',
  'A quick spike on a Friday afternoon told us more than a week of meetings.',
  'The trade-off is more moving parts in exchange for fewer surprises.',
  'Performance was never the bottleneck; clarity was.',
  'We kept a decision log, and it has paid for itself many times over.',
  'Juniors on the team picked up {topic} faster than the seniors did.',
  'It helps to write down the questions your system must answer before you design it.',
  'You can get surprisingly far with the boring, well-documented option.',
  'Every abstraction leaks eventually; the question is how gracefully.',
  'The numbers looked great in staging and mediocre in production, which taught us a lot.',
  'Pairing on the tricky parts was the best investment we made.',
  'Deleting code turned out to be the most productive thing we did all quarter.',
] as const;

export const LIST_ITEMS = [
  'Start with the simplest thing that could possibly work.',
  'Write down the access patterns before you write any code.',
  'Automate the boring checks in CI.',
  'Keep configuration close to the code it configures.',
  'Prefer explicit names over clever ones.',
  'Make failures loud and recoveries boring.',
  'Budget time for documentation, not just features.',
  'Review dependencies as carefully as your own code.',
  'Measure in production, not only on your laptop.',
  'Keep functions small enough to read in one go.',
  'Add a test for every bug before you fix it.',
  'Decide who owns what before the incident, not during it.',
  'Use feature flags to separate deploy from release.',
  'Keep the feedback loop under a few seconds.',
] as const;

export const CODE_SAMPLES = [
  { language: 'ts', code: "export async function withRetry<T>(task: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let attempt = 1; ; attempt++) {\n    try {\n      return await task();\n    } catch (error) {\n      if (attempt >= attempts) throw error;\n      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));\n    }\n  }\n}" },
  { language: 'bash', code: 'npm ci\nnpm run lint\nnpm test -- --coverage\nnpm run build' },
  { language: 'sql', code: 'CREATE INDEX CONCURRENTLY idx_orders_customer_created\n  ON orders (customer_id, created_at DESC);' },
  { language: 'yaml', code: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test' },
  { language: 'python', code: 'async def fetch_all(urls: list[str]) -> list[bytes]:\n    async with httpx.AsyncClient() as client:\n        responses = await asyncio.gather(*(client.get(u) for u in urls))\n        return [r.content for r in responses]' },
  { language: 'go', code: 'ctx, cancel := context.WithTimeout(ctx, 2*time.Second)\ndefer cancel()\nif err := svc.Do(ctx); err != nil {\n\treturn fmt.Errorf("do: %w", err)\n}' },
] as const;

export const QUOTES = [
  'Make it work, make it right, make it fast.',
  'Simple things should be simple, complex things should be possible.',
  'The best code is the code you never had to write.',
  'Premature optimization is the root of all evil.',
  'Weeks of coding can save you hours of planning.',
] as const;

export const COMMENTS = [
  'Great write-up, thanks for sharing!',
  'This matches my experience with {topic} almost exactly.',
  'Bookmarked. The section on trade-offs is gold.',
  'Have you tried this with a larger team? Curious how it scales.',
  'I disagree with the second point, but the rest is spot on.',
  'We hit the same issue last month. Wish I had read this earlier.',
  'Could you share the benchmark setup? I would love to reproduce the numbers.',
  'Clear and to the point. More posts like this, please.',
  'The code example made it click for me, thank you.',
  'Nice! How do you handle the failure case you mentioned?',
  'Sending this to my whole team.',
  'I think {topic} is overused, but this is a fair take.',
  'Any recommended reading for going deeper on {topic}?',
  'This is the best explanation of {topic} I have found so far.',
  'Small typo in the third paragraph, otherwise excellent.',
  'We went the other way and have been happy with it, but I see your point.',
  'Thanks! This saved me a few hours today.',
  'Would love a follow-up post on testing this.',
] as const;

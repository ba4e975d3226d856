import * as z from 'zod/mini';
import { requiredText } from '#lib/validation';

export const AssetParams = /* @__PURE__ */ z.lazy(() => z.object({ file: requiredText(100) }));

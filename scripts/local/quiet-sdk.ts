// The AWS SDK warns once per process that its 2027 releases will need Node 22; the scripts' own clients
// only talk to DynamoDB Local, so the warning says nothing useful here. Imported first by entry points.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import * as z from 'zod/mini';
import { requiredText } from '#lib/validation';

export const AssetParams = z.lazy(() => z.object({ file: requiredText(100) }));

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../shared/vite.app';

export default customUiConfig(dirname(fileURLToPath(import.meta.url)));

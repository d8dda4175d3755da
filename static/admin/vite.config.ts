import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import { customUiConfig } from '../shared/vite.app';

// Some Atlaskit packages (flag, modal-dialog, pagination…) carry their own React DOM 18 under node_modules;
// the app must use its one React and React DOM, so every import resolves to the app's copies.
export default mergeConfig(customUiConfig(dirname(fileURLToPath(import.meta.url))), {
  resolve: { dedupe: ['react', 'react-dom'] },
});

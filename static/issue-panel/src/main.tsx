/** The panel's entry: the first resolver call starts at once, while the theme and React start. */
import '@atlaskit/css-reset';
import './ui/ui.css';
import './panel.css';
import { panelApi } from './api';
import { App, testView } from './App';
import { boot } from './boot';

const first = panelApi.getPanel();
// A synced test's view is fetched as soon as the answer says so, while the theme is still arriving. A failure
// is handled by the App once it renders; this keeps it from being reported as unhandled.
first.then(
  (view) => {
    if (view.kind === 'test') testView.preload().catch(() => undefined);
  },
  () => undefined,
);
boot(<App first={first} />);

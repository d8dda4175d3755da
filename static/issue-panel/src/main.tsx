/** The panel's entry: the first resolver call starts at once, while the theme and React start. */
import '@atlaskit/css-reset';
import './panel.css';
import { panelApi } from './api';
import { App } from './App';
import { boot } from './boot';

const first = panelApi.getPanel();
// Handled by the App once it renders; this keeps an early failure from being reported as unhandled.
first.catch(() => undefined);
boot(<App first={first} />);

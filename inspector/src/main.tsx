import { render } from 'preact';
import { App } from './app.js';
import { connect } from './connection.js';
import { store } from './store.js';
import './styles.css';

connect(store);
render(<App store={store} />, document.getElementById('app')!);
// For tests and the curious: the page's state, read-only by convention.
(window as unknown as { polisInspector: typeof store }).polisInspector = store;

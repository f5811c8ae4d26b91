// Browser entry: mount the app and register the service worker.
import { render } from 'preact';
import { ApiClient } from './api/client.ts';
import { IdbQueueStore } from './offline/idb.ts';
import { App } from './ui/App.tsx';
import './styles.css';

render(<App api={new ApiClient()} store={new IdbQueueStore()} />, document.getElementById('app')!);

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

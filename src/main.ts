import { mount } from 'svelte';
import App from './routes/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Brook: #app element missing from index.html');

// The start-up shell in index.html (painted before this script ran) gives way to the app.
target.replaceChildren();
export default mount(App, { target });

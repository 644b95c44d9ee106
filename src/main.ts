import { mount } from 'svelte';
import App from './routes/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Brook: #app element missing from index.html');

export default mount(App, { target });

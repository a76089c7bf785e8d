// First: the runtime Content-Security-Policy, before any other module runs or any request is made (src/csp.ts).
import './cspStartup';
import { loadProject } from './ui/data/loadProject';

// Start reading the layers (in the data worker) before the app's code is even loaded: the ~2 MB of React,
// maplibre and deck.gl take most of a second to compile, and the reading runs on the other core meanwhile.
const initialProject = loadProject(window.location.search);

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');
void import('./ui/startApp').then(({ startApp }) => startApp(root, initialProject));

// First: the runtime Content-Security-Policy, before any other module runs or any request is made (src/csp.ts).
import './cspStartup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { loadProject } from './ui/data/loadProject';
import './ui/app.css';

// Start fetching the layers before React's first render: the requests run while the map initialises.
const initialProject = loadProject(window.location.search);

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App initialProject={initialProject} />
  </StrictMode>,
);

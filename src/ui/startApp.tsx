// The React app and everything it draws with (maplibre, deck.gl): loaded by main.tsx after it has started reading
// the layers, so the data worker fetches and parses while this chunk is still being compiled.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { Project } from './data/loadProject';
import './app.css';

export function startApp(root: HTMLElement, initialProject: Promise<Project>): void {
  createRoot(root).render(
    <StrictMode>
      <App initialProject={initialProject} />
    </StrictMode>,
  );
}

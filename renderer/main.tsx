import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './nodes/nodes.css';
import './ui/ui.css';
import { App } from './app/App.tsx';
import { installTheme } from './theme/theme.ts';

installTheme();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

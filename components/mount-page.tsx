import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './query-client';
import './page.css';

/** Mounts an extension page's React app (popup, approval panel) with its own query client. */
export function mountPage(App: ComponentType, page: string): void {
  const root = document.getElementById('root');
  if (!root) throw new Error(`${page} has no #root`);
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

import type { TooltipProps } from '@mui/material/Tooltip';
import { lazy, Suspense } from 'react';

const load = () => import('@mui/material/Tooltip');
const Tooltip = lazy(load);
// Fetched once the first screen is up: tooltips are never needed for the first paint.
if (typeof window !== 'undefined') {
  const later = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1500));
  later(() => void load());
}

/**
 * MUI's Tooltip, loaded after the first paint (it brings Popper, ~14 KB gzipped, that the
 * app shell would otherwise carry on first load). Until then the element shows without it.
 */
export function Hint({ children, ...props }: TooltipProps) {
  return (
    <Suspense fallback={children}>
      <Tooltip {...props}>{children}</Tooltip>
    </Suspense>
  );
}

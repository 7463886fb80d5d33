import { Box } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { visuallyHidden } from '../lib/a11y.ts';

type TAnnounce = (message: string) => void;

const AnnounceContext = createContext<TAnnounce>(() => {});

/**
 * One polite live region for the signed-in app: changes that happen elsewhere (a bed freed,
 * a notification) are read out without moving focus. The region is in the page from the
 * start (a region added together with its text is often not read); each message is set
 * after a blank so a repeated one is read again.
 */
export function LiveAnnouncer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const announce = useCallback<TAnnounce>((next) => {
    setMessage('');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(next), 150);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <Box role="status" aria-live="polite" aria-atomic="true" data-testid="live-region" sx={visuallyHidden}>
        {message}
      </Box>
    </AnnounceContext.Provider>
  );
}

/** Says `message` politely through the app's live region. */
export function useAnnounce(): TAnnounce {
  return useContext(AnnounceContext);
}

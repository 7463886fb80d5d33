import { useEffect } from 'react';
import { useT } from '../i18n/use-t.ts';

/** "Rooms · MAS" in the tab and in the browser history. */
export function useDocumentTitle(title: string) {
  const { t } = useT();
  const app = t('appName');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}

import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { Box, Breadcrumbs, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { NAV_ITEMS } from '../app/entities.ts';
import { useT } from '../i18n/use-t.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';

interface Props {
  title: string;
  subtitle?: string;
  /** Primary action(s), e.g. "New room". */
  actions?: ReactNode;
}

/** Section › screen, from the menu's structure; none on the start page or off the menu (error pages). */
function PageBreadcrumbs() {
  const { t } = useT('nav');
  const { pathname } = useLocation();
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const item = NAV_ITEMS.find((candidate) => candidate.path === path && candidate.path !== '/');
  if (!item) return null;
  return (
    <Breadcrumbs
      aria-label={t('breadcrumbs')}
      separator={<NavigateNextIcon fontSize="small" />}
      sx={{ mb: 0.5, typography: 'body2' }}
      data-testid="breadcrumbs"
    >
      <Typography variant="body2" color="text.secondary">
        {t(`groups.${item.group}`)}
      </Typography>
      <Typography variant="body2" color="text.primary" aria-current="page">
        {item.label()}
      </Typography>
    </Breadcrumbs>
  );
}

/** Every screen starts the same way: where it sits, a title, one line of context, the main action. */
export function PageHeader({ title, subtitle, actions }: Props) {
  useDocumentTitle(title);
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ mb: 3, justifyContent: 'space-between', alignItems: { xs: 'stretch', sm: 'flex-end' } }}
    >
      <Box sx={{ minWidth: 0 }}>
        <PageBreadcrumbs />
        <Typography variant="h4" component="h1">
          {title}
        </Typography>
        {subtitle && (
          <Typography color="text.secondary" sx={{ mt: 0.5 }}>
            {subtitle}
          </Typography>
        )}
      </Box>
      {actions && (
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          {actions}
        </Stack>
      )}
    </Stack>
  );
}

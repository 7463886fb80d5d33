import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import {
  Box,
  Divider,
  Drawer,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  Toolbar,
} from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { visuallyHidden } from '../lib/a11y.ts';
import { Fragment } from 'react';
import { useT } from '../i18n/use-t.ts';
import { NavLink, useLocation } from 'react-router';
import { NAV_GROUPS, visibleNavItems } from '../app/entities.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { Brand } from './Brand.tsx';

export const DRAWER_WIDTH = 264;
export const DRAWER_MINI_WIDTH = 72;

interface Props {
  /** Desktop: a permanent drawer that may collapse to icons. Mobile: a temporary one. */
  variant: 'permanent' | 'temporary';
  collapsed: boolean;
  open: boolean;
  onClose(): void;
  onToggleCollapsed(): void;
}

export function NavDrawer({ variant, collapsed, open, onClose, onToggleCollapsed }: Props) {
  const { t } = useT('nav');
  const { can } = useAuth();
  const { pathname } = useLocation();
  const mini = variant === 'permanent' && collapsed;
  const width = mini ? DRAWER_MINI_WIDTH : DRAWER_WIDTH;
  const items = visibleNavItems(can);
  const isCurrent = (path: string) =>
    path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);

  const content = (
    <Box component="nav" aria-label={t('menu')} sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Toolbar sx={{ px: mini ? 2 : 2.5, justifyContent: mini ? 'center' : 'flex-start' }}>
        <Brand compact={mini} />
      </Toolbar>
      <Divider />
      <Box sx={{ flex: 1, overflowY: 'auto', overflowX: 'hidden', py: 1 }}>
        {NAV_GROUPS.map((group) => {
          const groupItems = items.filter((item) => item.group === group);
          if (groupItems.length === 0) return null;
          return (
            <Fragment key={group}>
              <List
                dense
                aria-labelledby={`nav-group-${group}`}
                subheader={
                  // The group's name stays for screen readers when the menu is icons only.
                  mini ? (
                    <ListSubheader id={`nav-group-${group}`} disableSticky sx={{ px: 2, py: 1, lineHeight: 0 }}>
                      <Divider />
                      <Box component="span" sx={visuallyHidden}>
                        {t(`groups.${group}`)}
                      </Box>
                    </ListSubheader>
                  ) : (
                    <ListSubheader
                      id={`nav-group-${group}`}
                      disableSticky
                      sx={{
                        lineHeight: '32px',
                        bgcolor: 'transparent',
                        textTransform: 'uppercase',
                        fontSize: 11,
                        letterSpacing: '0.08em',
                        fontWeight: 700,
                      }}
                    >
                      {t(`groups.${group}`)}
                    </ListSubheader>
                  )
                }
              >
                {groupItems.map((item) => {
                  const Icon = item.icon;
                  const label = item.label();
                  const button = (
                    <ListItemButton
                      component={NavLink}
                      to={item.path}
                      end={item.path === '/'}
                      selected={isCurrent(item.path)}
                      onClick={variant === 'temporary' ? onClose : undefined}
                      aria-label={mini ? label : undefined}
                      sx={{
                        mx: 1,
                        mb: 0.25,
                        borderRadius: 2,
                        minHeight: 42,
                        justifyContent: mini ? 'center' : 'flex-start',
                        '&.Mui-selected': {
                          color: 'primary.main',
                          '& .MuiListItemIcon-root': { color: 'primary.main' },
                        },
                      }}
                    >
                      <ListItemIcon sx={{ minWidth: mini ? 0 : 40 }}>
                        <Icon fontSize="small" />
                      </ListItemIcon>
                      {!mini && (
                        <ListItemText primary={label} slotProps={{ primary: { noWrap: true, fontWeight: 500 } }} />
                      )}
                    </ListItemButton>
                  );
                  return (
                    <ListItem key={item.id} disablePadding sx={{ display: 'block' }}>
                      {mini ? (
                        <Hint title={label} placement="right">
                          {button}
                        </Hint>
                      ) : (
                        button
                      )}
                    </ListItem>
                  );
                })}
              </List>
            </Fragment>
          );
        })}
      </Box>
      {variant === 'permanent' && (
        <>
          <Divider />
          <Box sx={{ display: 'flex', justifyContent: mini ? 'center' : 'flex-end', p: 1 }}>
            <Hint title={collapsed ? t('expand') : t('collapse')} placement="right">
              <IconButton
                onClick={onToggleCollapsed}
                aria-label={collapsed ? t('expand') : t('collapse')}
                aria-expanded={!collapsed}
              >
                {collapsed ? <ChevronRightIcon /> : <ChevronLeftIcon />}
              </IconButton>
            </Hint>
          </Box>
        </>
      )}
    </Box>
  );

  if (variant === 'temporary') {
    return (
      <Drawer
        variant="temporary"
        open={open}
        onClose={onClose}
        ModalProps={{ keepMounted: true }}
        // On phones the menu opens as a modal dialog: named like the navigation it holds.
        slotProps={{ paper: { 'aria-label': t('menu') } }}
        sx={{ '& .MuiDrawer-paper': { width: DRAWER_WIDTH } }}
      >
        {content}
      </Drawer>
    );
  }
  return (
    <Drawer
      variant="permanent"
      sx={{
        width,
        flexShrink: 0,
        transition: (theme) => theme.transitions.create('width'),
        '& .MuiDrawer-paper': {
          width,
          overflowX: 'hidden',
          transition: (theme) => theme.transitions.create('width'),
          borderRightStyle: 'solid',
        },
      }}
    >
      {content}
    </Drawer>
  );
}

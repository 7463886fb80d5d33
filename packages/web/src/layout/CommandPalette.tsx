import AddIcon from '@mui/icons-material/Add';
import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import SearchIcon from '@mui/icons-material/Search';
import TranslateIcon from '@mui/icons-material/Translate';
import {
  Box,
  Dialog,
  InputAdornment,
  InputBase,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  Typography,
} from '@mui/material';
import { useColorScheme } from '@mui/material/styles';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { visibleNavItems } from '../app/entities.ts';
import { useSettings } from '../app/settings-context.tsx';
import { useAuth } from '../auth/auth-context.tsx';
import { useT } from '../i18n/use-t.ts';

interface Command {
  id: string;
  group: 'screens' | 'actions';
  label: string;
  hint?: string;
  icon: ReactNode;
  run(): void;
}

/** Accent- and case-insensitive, so "diagnostico" finds "Diagnósticos". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface Props {
  open: boolean;
  onClose(): void;
  onChangePassword(): void;
}

/** Ctrl/⌘+K: every screen and action this user may use, by typing a few letters. */
export default function CommandPalette({ open, onClose, onChangePassword }: Props) {
  const { t } = useT('palette');
  const navigate = useNavigate();
  const { can, signOut } = useAuth();
  const { language, setLanguage } = useSettings();
  const { mode, systemMode, setMode } = useColorScheme();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  // Whatever had focus before (a button, a link, the list's search box), typing goes here.
  const focusInput = () => inputRef.current?.focus();
  const dark = (mode === 'system' ? systemMode : mode) === 'dark';

  const items = visibleNavItems(can);
  const commands: Command[] = [
    ...items.map((item) => {
      const Icon = item.icon;
      return {
        id: `go-${item.id}`,
        group: 'screens' as const,
        label: item.label(),
        hint: item.description(),
        icon: <Icon fontSize="small" />,
        run: () => navigate(item.path),
      };
    }),
    ...items
      .filter((item) => item.newLabel && item.createPermission && can(item.createPermission))
      .map((item) => ({
        id: `new-${item.id}`,
        group: 'actions' as const,
        label: item.newLabel!(),
        icon: <AddIcon fontSize="small" />,
        run: () => navigate(`${item.path}?new=1`),
      })),
    {
      id: 'theme',
      group: 'actions',
      label: dark ? t('actions.themeLight') : t('actions.themeDark'),
      icon: dark ? <LightModeIcon fontSize="small" /> : <DarkModeIcon fontSize="small" />,
      run: () => setMode(dark ? 'light' : 'dark'),
    },
    {
      id: 'language',
      group: 'actions',
      label: t('actions.language'),
      icon: <TranslateIcon fontSize="small" />,
      run: () => setLanguage(language === 'es' ? 'en' : 'es'),
    },
    {
      id: 'password',
      group: 'actions',
      label: t('actions.changePassword'),
      icon: <KeyIcon fontSize="small" />,
      run: onChangePassword,
    },
    {
      id: 'sign-out',
      group: 'actions',
      label: t('actions.signOut'),
      icon: <LogoutIcon fontSize="small" />,
      run: () => void signOut(),
    },
  ];

  const needle = fold(query.trim());
  const results = needle
    ? commands.filter((command) => fold(`${command.label} ${command.hint ?? ''}`).includes(needle))
    : commands;
  const current = Math.min(active, Math.max(results.length - 1, 0));

  const close = () => {
    setQuery('');
    setActive(0);
    onClose();
  };
  const runCommand = (command: Command | undefined) => {
    if (!command) return;
    close();
    command.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + results.length) % Math.max(results.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      runCommand(results[current]);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="sm"
      fullWidth
      slotProps={{
        // The dialog role sits on the paper: named there.
        paper: {
          'aria-label': t('open'),
          sx: { alignSelf: 'flex-start', mt: { xs: 2, sm: '12vh' }, borderRadius: 3 },
        },
        transition: { onEntering: focusInput, onEntered: focusInput },
      }}
      data-testid="command-palette"
    >
      <InputBase
        autoFocus
        inputRef={inputRef}
        fullWidth
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        placeholder={t('placeholder')}
        startAdornment={
          <InputAdornment position="start">
            <SearchIcon />
          </InputAdornment>
        }
        inputProps={{
          role: 'combobox',
          'aria-expanded': true,
          'aria-controls': 'palette-results',
          'aria-activedescendant': results[current] ? `palette-${results[current].id}` : undefined,
          'aria-label': t('open'),
        }}
        sx={{ px: 2, py: 1.5, fontSize: 17, borderBottom: 1, borderColor: 'divider' }}
      />
      {results.length === 0 && (
        <Typography color="text.secondary" role="status" sx={{ px: 3, py: 2 }}>
          {t('noResults', { query: query.trim() })}
        </Typography>
      )}
      {/* A listbox of option groups, each named by its heading (the list markup is presentation). */}
      <List
        id="palette-results"
        role="listbox"
        aria-label={t('open')}
        dense
        sx={{ maxHeight: '55vh', overflowY: 'auto', py: results.length ? 1 : 0 }}
      >
        {(['screens', 'actions'] as const).map((group) => {
          const inGroup = results.filter((command) => command.group === group);
          if (inGroup.length === 0) return null;
          return (
            <Box
              key={group}
              component="li"
              role="group"
              aria-labelledby={`palette-group-${group}`}
              sx={{ listStyle: 'none' }}
            >
              <ListSubheader
                component="div"
                id={`palette-group-${group}`}
                role="presentation"
                disableSticky
                sx={{ lineHeight: '32px', bgcolor: 'transparent' }}
              >
                {t(`groups.${group}`)}
              </ListSubheader>
              <Box component="ul" role="presentation" sx={{ p: 0, m: 0 }}>
                {inGroup.map((command) => {
                  const index = results.indexOf(command);
                  return (
                    <ListItemButton
                      key={command.id}
                      id={`palette-${command.id}`}
                      role="option"
                      aria-selected={index === current}
                      selected={index === current}
                      onMouseMove={() => setActive(index)}
                      onClick={() => runCommand(command)}
                      sx={{ mx: 1, borderRadius: 2 }}
                    >
                      <ListItemIcon sx={{ minWidth: 36 }}>{command.icon}</ListItemIcon>
                      <ListItemText primary={command.label} secondary={command.hint} />
                    </ListItemButton>
                  );
                })}
              </Box>
            </Box>
          );
        })}
      </List>
      <Typography variant="caption" color="text.secondary" sx={{ px: 2, py: 1, borderTop: 1, borderColor: 'divider' }}>
        {t('help')}
      </Typography>
    </Dialog>
  );
}

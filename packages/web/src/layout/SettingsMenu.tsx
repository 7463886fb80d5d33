import CheckIcon from '@mui/icons-material/Check';
import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import SettingsBrightnessIcon from '@mui/icons-material/SettingsBrightnessOutlined';
import TranslateIcon from '@mui/icons-material/Translate';
import TuneIcon from '@mui/icons-material/Tune';
import { IconButton, ListItemIcon, ListItemText, ListSubheader, Menu, MenuItem } from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { useColorScheme } from '@mui/material/styles';
import { useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../app/settings-context.tsx';
import { LANGUAGES } from '../i18n/resources.ts';

const MODES = [
  { mode: 'light', icon: LightModeIcon },
  { mode: 'dark', icon: DarkModeIcon },
  { mode: 'system', icon: SettingsBrightnessIcon },
] as const;

/** Language and theme; both remembered on this device. */
export function SettingsMenu() {
  const { t } = useT('settings');
  const { language, setLanguage } = useSettings();
  const { mode, setMode } = useColorScheme();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);

  return (
    <>
      <Hint title={t('title')}>
        <IconButton
          onClick={(event) => setAnchor(event.currentTarget)}
          aria-label={t('title')}
          aria-haspopup="menu"
          aria-controls={anchor ? 'settings-menu' : undefined}
          data-testid="settings-button"
        >
          <TuneIcon />
        </IconButton>
      </Hint>
      <Menu
        id="settings-menu"
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
        slotProps={{ paper: { sx: { minWidth: 240 } } }}
      >
        <ListSubheader sx={{ lineHeight: '36px', display: 'flex', alignItems: 'center', gap: 1 }}>
          <TranslateIcon fontSize="small" /> {t('language')}
        </ListSubheader>
        {LANGUAGES.map((code) => (
          <MenuItem
            key={code}
            lang={code}
            selected={language === code}
            data-testid={`language-${code}`}
            onClick={() => {
              setLanguage(code);
              close();
            }}
          >
            <ListItemIcon>{language === code && <CheckIcon fontSize="small" />}</ListItemIcon>
            <ListItemText>{t(`languages.${code}`)}</ListItemText>
          </MenuItem>
        ))}
        <ListSubheader sx={{ lineHeight: '36px' }}>{t('theme')}</ListSubheader>
        {MODES.map(({ mode: value, icon: Icon }) => (
          <MenuItem
            key={value}
            selected={mode === value}
            data-testid={`theme-${value}`}
            onClick={() => {
              setMode(value);
              close();
            }}
          >
            <ListItemIcon>
              <Icon fontSize="small" />
            </ListItemIcon>
            <ListItemText>{t(`modes.${value}`)}</ListItemText>
            {mode === value && <CheckIcon fontSize="small" sx={{ ml: 2 }} />}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

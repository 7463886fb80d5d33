import CheckIcon from '@mui/icons-material/Check';
import ContrastIcon from '@mui/icons-material/Contrast';
import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import DensitySmallIcon from '@mui/icons-material/DensitySmall';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import SettingsBrightnessIcon from '@mui/icons-material/SettingsBrightnessOutlined';
import TranslateIcon from '@mui/icons-material/Translate';
import TuneIcon from '@mui/icons-material/Tune';
import {
  Divider,
  IconButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  Menu,
  MenuItem,
  type SvgIconProps,
} from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { useColorScheme } from '@mui/material/styles';
import { useState, type ComponentType } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useSettings } from '../app/settings-context.tsx';
import { LANGUAGES } from '../i18n/resources.ts';

const MODES = [
  { mode: 'light', icon: LightModeIcon },
  { mode: 'dark', icon: DarkModeIcon },
  { mode: 'system', icon: SettingsBrightnessIcon },
] as const;

/** An on/off display setting, ticked like the theme; the menu stays open so both can be tried at once. */
function ToggleItem(props: {
  id: string;
  icon: ComponentType<SvgIconProps>;
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const { id, icon: Icon, label, hint, checked, onChange } = props;
  return (
    <MenuItem
      role="menuitemcheckbox"
      aria-checked={checked}
      selected={checked}
      data-testid={`display-${id}`}
      onClick={() => onChange(!checked)}
    >
      <ListItemIcon>
        <Icon fontSize="small" />
      </ListItemIcon>
      <ListItemText primary={label} secondary={hint} />
      {checked && <CheckIcon fontSize="small" sx={{ ml: 2 }} />}
    </MenuItem>
  );
}

/** Language, theme and display (compact, high contrast); all remembered on this device. */
export function SettingsMenu() {
  const { t } = useT('settings');
  const { language, setLanguage, compact, setCompact, highContrast, setHighContrast, resetDisplay } = useSettings();
  const { mode, setMode } = useColorScheme();
  const isDefault = !compact && !highContrast && (mode === 'system' || mode === undefined);
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
        slotProps={{ paper: { sx: { minWidth: 280 } } }}
      >
        {/* Headings only for the eye: a menu holds menu items; each item says what it sets. */}
        <ListSubheader role="none" sx={{ lineHeight: '36px', display: 'flex', alignItems: 'center', gap: 1 }}>
          <TranslateIcon fontSize="small" /> {t('language')}
        </ListSubheader>
        {LANGUAGES.map((code) => (
          <MenuItem
            key={code}
            lang={code}
            role="menuitemradio"
            aria-checked={language === code}
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
        <ListSubheader role="none" sx={{ lineHeight: '36px' }}>
          {t('theme')}
        </ListSubheader>
        {MODES.map(({ mode: value, icon: Icon }) => (
          <MenuItem
            key={value}
            role="menuitemradio"
            aria-checked={mode === value}
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
        <ListSubheader role="none" sx={{ lineHeight: '36px' }}>
          {t('display')}
        </ListSubheader>
        <ToggleItem
          id="compact"
          icon={DensitySmallIcon}
          label={t('compact')}
          hint={t('compactHint')}
          checked={compact}
          onChange={setCompact}
        />
        <ToggleItem
          id="contrast"
          icon={ContrastIcon}
          label={t('highContrast')}
          hint={t('highContrastHint')}
          checked={highContrast}
          onChange={setHighContrast}
        />
        <Divider />
        <MenuItem
          disabled={isDefault}
          data-testid="display-reset"
          onClick={() => {
            resetDisplay();
            setMode('system');
            close();
          }}
        >
          <ListItemIcon>
            <RestartAltIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary={t('reset')} secondary={t('resetHint')} />
        </MenuItem>
      </Menu>
    </>
  );
}

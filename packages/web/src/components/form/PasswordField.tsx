import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOffOutlined';
import { IconButton, InputAdornment, Tooltip } from '@mui/material';
import { useState, type ComponentProps } from 'react';
import type { FieldValues } from 'react-hook-form';
import { useT } from '../../i18n/use-t.ts';
import { FormTextField } from './FormTextField.tsx';

/** A password input with a show/hide toggle that does not steal the Tab order. */
export function PasswordField<F extends FieldValues, Out>(props: ComponentProps<typeof FormTextField<F, Out>>) {
  const { t } = useT('auth');
  const [visible, setVisible] = useState(false);
  const label = visible ? t('signIn.hidePassword') : t('signIn.showPassword');
  return (
    <FormTextField
      {...props}
      type={visible ? 'text' : 'password'}
      slotProps={{
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={label}>
                <IconButton edge="end" onClick={() => setVisible((value) => !value)} aria-label={label} tabIndex={-1}>
                  {visible ? <VisibilityOffIcon /> : <VisibilityIcon />}
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}

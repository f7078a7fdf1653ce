import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { STORE_ID_RULE } from '@store-platform/plugin-store-platform-common';

/**
 * The store id input of the store form: a text field whose errors come from
 * {@link validateStoreId} (the rule, reserved and taken ids).
 */
export function StoreIdField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    rawErrors = [],
    required,
    formData,
    idSchema,
    schema: { title = 'Store id', description },
    uiSchema,
  } = props;
  const help = (uiSchema?.['ui:help'] as string | undefined) ?? STORE_ID_RULE;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      error={rawErrors.length > 0}
      helperText={
        rawErrors.length > 0 ? rawErrors.join('; ') : description ?? help
      }
      // The form asks for it with `ui:autofocus`, as the default string field honours.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={Boolean(uiSchema?.['ui:autofocus'])}
      margin="normal"
      fullWidth
      inputProps={{ autoCapitalize: 'none', spellCheck: false }}
    />
  );
}

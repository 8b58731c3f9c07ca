import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/I18nContext.js';
import { showServerErrors } from './server-errors.js';

/**
 * Submits a form through `send`: while it runs the button spins; field errors from the server land
 * on their fields, anything else in `error` (shown above the buttons); success says "saved".
 */
export function useFormSubmit<Values>(
  form: FormInstance<Values>,
  send: (values: Values) => Promise<unknown>,
  fields: Record<string, string>,
  onDone?: () => void,
) {
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await send(values);
      void message.success(t('common.saved'));
      form.resetFields();
      onDone?.();
    } catch (caught) {
      setError(showServerErrors(form, caught, fields));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}

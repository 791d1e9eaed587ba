import { groupSettingsSchema } from '@atrium/contracts';
import { formFromSettings, settingsFromForm } from './group-settings-form';

describe('group settings form', () => {
  const previous = {
    max_kasms_per_user: 2,
    allow_kasm_clipboard_up: false,
    workspace_resources: { '0b9c6a7e-1111-4a4a-8a8a-123456789abc': { cores: 2, memory_mb: 2048 } },
  };

  it('should show set values and leave the rest to inherit', () => {
    const form = formFromSettings(previous);
    expect(form.max_kasms_per_user).toBe(2);
    expect(form.session_time_limit).toBe('');
    expect(form.allow_kasm_clipboard_up).toBe('deny');
    expect(form.allow_kasm_delete).toBe('inherit');
  });

  it('should round-trip, keeping what the dialog does not edit', () => {
    expect(settingsFromForm(formFromSettings(previous), previous)).toEqual(previous);
  });

  it('should send only what the group sets, in a shape the API accepts', () => {
    const form = { ...formFromSettings({}), session_time_limit: 3600 as const, allow_kasm_sharing: 'allow' as const };
    const settings = settingsFromForm(form, {});
    expect(settings).toEqual({ session_time_limit: 3600, allow_kasm_sharing: true });
    expect(groupSettingsSchema.safeParse(settings).success).toBe(true);
  });
});

import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { MIN_PASSWORD_LENGTH } from './password-strength';

export const newPasswordValidators = [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)];

/** Group-level check that `password` and `confirm` are equal; the error sits on `confirm`. */
export const passwordsMatch: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const password = group.get('password')?.value as string | undefined;
  const confirm = group.get('confirm');
  if (!confirm) return null;
  const mismatch = !!confirm.value && confirm.value !== password;
  const errors = { ...(confirm.errors ?? {}) };
  if (mismatch) errors['mismatch'] = true;
  else delete errors['mismatch'];
  confirm.setErrors(Object.keys(errors).length ? errors : null);
  return null;
};

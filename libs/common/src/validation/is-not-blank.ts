import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Rejects strings that are empty or contain only whitespace, invisible or control characters. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isNotBlank',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '$property must not be blank', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.replace(/[\s\p{Cc}\p{Cf}]/gu, '').length > 0,
      },
    });
  };
}

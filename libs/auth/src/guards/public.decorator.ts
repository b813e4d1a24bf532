import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fisiorag:isPublic';

/** Marks a route that needs no access token (login, health probes). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

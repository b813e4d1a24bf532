export { ThrottleCredentials, type CredentialKind } from './throttle-credentials.decorator';
export { ThrottlingModule } from './throttling.module';

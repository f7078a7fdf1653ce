export { storePlatformPermissionPolicyModule as default } from './module';

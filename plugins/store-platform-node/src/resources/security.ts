import {
  V1PodSecurityContext,
  V1SecurityContext,
} from '@kubernetes/client-node';

/**
 * Container hardening required by Pod Security `restricted`: non-root, no
 * capabilities, no privilege escalation, the runtime's default seccomp profile.
 */
export function hardenedContainer(
  opts: { readOnlyRootFilesystem?: boolean } = {},
): V1SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
    readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
  };
}

/** Pod-level hardening; `uid` is the image's own non-root user. */
export function hardenedPod(uid: number): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The images' users: mysql in mariadb, www-data in the WordPress images. */
export const IMAGE_UIDS = { mariadb: 999, wwwData: 33 } as const;

export interface Config {
  app?: {
    /** The sign-in page. */
    signIn?: {
      /**
       * The providers the sign-in page offers, in this order: `guest` (local use: the
       * backend refuses it outside the `development` auth environment) and `oidc` (the
       * OpenID Connect provider configured under `auth.providers.oidc`). Default: guest.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'oidc'>;
      /** How the `oidc` provider is shown on the sign-in page. */
      oidc?: {
        /**
         * Title of its card, e.g. the name of your identity provider. Default: Single sign-on.
         * @visibility frontend
         */
        title?: string;
        /**
         * Text under the title. Default: Sign in with your company account.
         * @visibility frontend
         */
        message?: string;
      };
    };
  };
}

/** Role every tenant transaction runs as: not a superuser, no BYPASSRLS, owns nothing. */
export const APP_ROLE = 'fisiorag_app';

/** Transaction-local setting that row-level security policies compare `tenant_id` with. */
export const TENANT_SETTING = 'app.current_tenant_id';

/** The policy predicate; an unset or empty setting matches no row instead of failing a cast. */
export const TENANT_PREDICATE = `tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;

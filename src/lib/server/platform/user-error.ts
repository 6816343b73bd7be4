// The class lives beside the forms that throw it ($lib/user-error: pillars' form parsers are UI-importable); one class, so `attempt` knows every refusal.
export { UserError } from '$lib/user-error';

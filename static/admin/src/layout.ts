/** Sizes shared by the admin page's forms. */
export const FORM_MAX_WIDTH = 640;

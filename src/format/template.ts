/** Message templates with {param} placeholders, shared by the issue and the error catalogues. */
type TemplateParams = Readonly<Record<string, string | number | undefined>>;

/** Fills {param} placeholders; an unknown one stays visible rather than vanish. */
export function fillTemplate(
  template: string,
  params: TemplateParams,
  show: (key: string, value: string | number) => string = (_, value) => String(value),
): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : show(key, value);
  });
}

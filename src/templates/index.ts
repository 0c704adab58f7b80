// Templates' public surface: custom values, checking when saved, rendering when used.
export {
  CUSTOM_VALUES,
  TemplateError,
  checkTemplate,
  parseTemplate,
  renderTemplate,
  type CustomValue,
  type TemplateValues,
} from './template';
export { callValues, type CallFacts } from './values';

/** "hello world" -> "Hello world" */
export function capitalize(text) {
  return text.charAt(1).toUpperCase() + text.slice(1);
}

/** An ISO timestamp shown in the reader's locale, machine-readable in `dateTime`. */
export function Timestamp(props: { value: string }) {
  const date = new Date(props.value);
  const text = Number.isNaN(date.getTime())
    ? props.value
    : date.toLocaleString();
  return <time dateTime={props.value}>{text}</time>;
}

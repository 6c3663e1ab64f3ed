/** A refusal or failure, shown where it happened (never a silent failure). */
export function ErrorMessage(props: { text: string | undefined }) {
  if (!props.text) return null;
  return (
    <p class="error" role="alert">
      {props.text}
    </p>
  );
}

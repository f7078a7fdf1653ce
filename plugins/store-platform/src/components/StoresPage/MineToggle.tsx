import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';

const CHOICES = [
  { mine: true, label: 'Mine' },
  { mine: false, label: 'All' },
];

/**
 * "Mine": stores owned by the user or one of their groups; "All": every
 * store they may see. Two buttons, the chosen one pressed (`aria-pressed`).
 */
export function MineToggle(props: {
  mine: boolean;
  onChange: (mine: boolean) => void;
}) {
  return (
    <ButtonGroup color="primary" size="small" aria-label="Which stores">
      {CHOICES.map(choice => {
        const pressed = choice.mine === props.mine;
        return (
          <Button
            key={choice.label}
            aria-pressed={pressed}
            variant={pressed ? 'contained' : 'outlined'}
            onClick={() => props.onChange(choice.mine)}
          >
            {choice.label}
          </Button>
        );
      })}
    </ButtonGroup>
  );
}

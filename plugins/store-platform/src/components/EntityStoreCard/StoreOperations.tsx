import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import { Link, LinkButton } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Store,
  StoreBackup,
  storeUpdatePermission,
} from '@store-platform/plugin-store-platform-common';
import { useScaffolderLinks } from '../shared/scaffolderLinks';
import { CardOperation, operationsFor } from './cardOperations';

/**
 * The day-two operations the store's status allows, for those allowed
 * `store.update` on it (each action checks again): the likeliest one as a
 * button, the rest in an Operations menu. Each opens its template's form
 * with the store filled in (and, for a restore, its newest good backup), so
 * the user reviews it before anything runs.
 */
export function StoreOperations(props: {
  store: Store;
  /** The store's backups, newest first, when read. */
  backups?: StoreBackup[];
}) {
  const { store } = props;
  const newestGoodBackup = props.backups?.find(b => b.status === 'succeeded');
  const links = useScaffolderLinks();
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const { primary, others } = operationsFor(store);
  if (!allowed || (!primary && others.length === 0)) return null;

  const formOf = (op: CardOperation) =>
    links.templateForm(op.template, {
      name: store.id,
      ...(op.operation === 'restore' && newestGoodBackup
        ? { backup: newestGoodBackup.id }
        : {}),
    });
  const menuId = `store-operations-menu-${store.id}`;

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {primary && (
        <LinkButton to={formOf(primary)} variant="contained" color="primary">
          {primary.label}
        </LinkButton>
      )}
      {others.length > 0 && (
        <>
          <Button
            variant="outlined"
            aria-haspopup="true"
            aria-controls={menuAnchor ? menuId : undefined}
            aria-expanded={menuAnchor ? 'true' : undefined}
            endIcon={<ArrowDropDownIcon />}
            onClick={event => setMenuAnchor(event.currentTarget)}
          >
            Operations
          </Button>
          <Menu
            id={menuId}
            anchorEl={menuAnchor}
            open={Boolean(menuAnchor)}
            onClose={() => setMenuAnchor(null)}
            getContentAnchorEl={null}
            anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
          >
            {others.map(op => (
              <MenuItem
                key={op.operation}
                component={Link}
                to={formOf(op)}
                underline="none"
                color="inherit"
              >
                {op.label}
              </MenuItem>
            ))}
          </Menu>
        </>
      )}
    </Box>
  );
}

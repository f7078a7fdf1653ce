import { fireEvent, screen, within } from '@testing-library/react';
import { mockStorePlatformApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { StoreClusterField } from './StoreClusterField';

function renderField(api: ReturnType<typeof mockStorePlatformApi>) {
  const onChange = jest.fn();
  const props = {
    onChange,
    formData: undefined,
    rawErrors: [],
    required: false,
    idSchema: { $id: 'root_cluster' },
    schema: { title: 'Cluster', description: 'Where the store runs' },
  } as any;
  return {
    onChange,
    rendered: renderWithApis(<StoreClusterField {...props} />, { api }),
  };
}

describe('StoreClusterField', () => {
  it('lists the clusters with their load, full ones disabled, and reports the choice', async () => {
    const api = mockStorePlatformApi();
    api.listClusters.mockResolvedValue([
      { name: 'eu-west', labels: {}, capacity: 2, stores: 2 },
      { name: 'us-east', labels: {}, stores: 7 },
      {
        name: 'ap-south',
        labels: {},
        stores: 1,
        unreachable: 'cluster unreachable: ap-south (timeout)',
      },
    ]);
    const { onChange, rendered } = renderField(api);
    await rendered;
    fireEvent.mouseDown(await screen.findByRole('button', { name: /Cluster/ }));
    const list = within(await screen.findByRole('listbox'));
    expect(list.getByText('Automatic (by free capacity)')).toBeInTheDocument();
    expect(list.getByText('eu-west (2 of 2 stores) — full')).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(
      list.getByText('ap-south (1 store) — unreachable'),
    ).toBeInTheDocument();
    fireEvent.click(list.getByText('us-east (7 stores)'));
    expect(onChange).toHaveBeenCalledWith('us-east');
  });

  it('falls back to a text field saying why when the clusters cannot be listed', async () => {
    const api = mockStorePlatformApi();
    api.listClusters.mockRejectedValue(new Error('backend down'));
    const { rendered } = renderField(api);
    await rendered;
    expect(
      await screen.findByText(/Could not list the clusters \(backend down\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Cluster' }),
    ).toBeInTheDocument();
  });
});

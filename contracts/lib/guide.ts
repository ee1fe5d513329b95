/** The address of the getting-started guide, used by the contract suite and the unit tests. */
export const GUIDE_ADDRESS = {
  line1: '129 West 81st Street',
  line2: 'Apartment 5A',
  city: 'New York City',
  state: 'NY',
  postalCode: '10024',
  country: 'US',
};

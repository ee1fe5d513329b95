import type { DeviceModel } from '../schemas/device.js';
import { deepFreeze } from '../store/freeze.js';

/**
 * Device models the simulator knows, each with the 8-digit type allocation codes (the first 8
 * digits of an IMEI) it answers to. A device whose IMEI starts with one of them gets that model; any
 * other IMEI is a device of unknown model (`model: null`). The codes are made up for the simulator,
 * and `deviceImei()` below makes valid IMEIs from them for tests and scenarios.
 */
export const DEVICE_MODELS: readonly { model: DeviceModel; tacs: readonly string[] }[] = deepFreeze([
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGfGAn3Rh',
      brand: 'Apple',
      name: 'iPhone 12 Pro',
      simTypes: ['eSIM', 'pSIM'],
      type: 'smartphone',
    },
    tacs: ['35300011'],
  },
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGiPh15xx',
      brand: 'Apple',
      name: 'iPhone 15',
      simTypes: ['eSIM', 'pSIM'],
      type: 'smartphone',
    },
    tacs: ['35300012'],
  },
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGpix8xxx',
      brand: 'Google',
      name: 'Pixel 8',
      simTypes: ['eSIM', 'pSIM'],
      type: 'smartphone',
    },
    tacs: ['35400021'],
  },
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGs24xxxx',
      brand: 'Samsung',
      name: 'Galaxy S24',
      simTypes: ['eSIM', 'pSIM'],
      type: 'smartphone',
    },
    tacs: ['35500031'],
  },
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGmotoGxx',
      brand: 'Motorola',
      name: 'moto g play',
      simTypes: ['pSIM'],
      type: 'smartphone',
    },
    tacs: ['35600041'],
  },
  {
    model: {
      object: 'deviceModel',
      id: 'dmd_0SNlurA04OUskUGwatchxx',
      brand: 'Apple',
      name: 'Apple Watch Series 9',
      simTypes: ['eSIM'],
      type: 'smartwatch',
    },
    tacs: ['35300013'],
  },
]);

const BY_TAC = new Map(DEVICE_MODELS.flatMap(({ model, tacs }) => tacs.map((tac) => [tac, model] as const)));

/** The model an IMEI's type allocation code names, if the catalogue has it. */
export const modelOfImei = (imei: string): DeviceModel | undefined => BY_TAC.get(imei.slice(0, 8));

/** The brands of the catalogue, alphabetical (as `GET /deviceModelBrands` is documented). */
export const deviceModelBrands = (): string[] => [...new Set(DEVICE_MODELS.map(({ model }) => model.brand))].sort();

/** Whether a 15-digit IMEI's last digit is its Luhn check digit. */
export function isValidImei(imei: string): boolean {
  if (!/^[0-9]{15}$/.test(imei)) return false;
  return luhnDigit(imei.slice(0, 14)) === Number(imei[14]);
}

function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid IMEI of a catalogue TAC and a 6-digit serial (tests, scenarios, docs). */
export function deviceImei(tac: string, serial: number): string {
  const body = `${tac}${String(serial).padStart(6, '0')}`;
  return `${body}${luhnDigit(body)}`;
}

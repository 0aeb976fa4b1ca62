import { reactiveAgent } from '../../machines/reactive-agent.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { reply } from '../../src/protocol/outbound.js';

/** A reactive thermostat and the boiler it drives: the reactive agent's worked example. */
export type Reading = Inbound<'inform', { kind: 'reading'; celsius: number }>;
export type Setpoint = Inbound<'request', { kind: 'setpoint'; celsius: number }>;
export type BurnerState = Inbound<'inform', { kind: 'burner-state'; on: boolean }>;
export type BurnerCommand = Inbound<'request', { kind: 'burner'; on: boolean }>;

export interface ThermostatMemory {
  readonly heating: boolean;
  readonly target: number;
  readonly readings: number;
  readonly confirmed: boolean;
}

export const thermostat = reactiveAgent<ThermostatMemory, Reading | Setpoint | BurnerState>({
  id: 'thermostat',
  memory: { heating: false, target: 20, readings: 0, confirmed: false },
  operators: ['operator'],
  rules: [
    {
      name: 'set-target',
      on: 'request',
      act: ({ message }) => ({
        memory: { target: message.content.celsius },
        send: [reply(message, 'inform', { kind: 'setpoint', celsius: message.content.celsius })],
      }),
    },
    {
      name: 'too-cold',
      on: 'inform',
      when: ({ message, memory }) =>
        message.content.kind === 'reading' && !memory.heating && message.content.celsius < memory.target - 1,
      act: ({ memory }) => ({
        memory: { heating: true, confirmed: false, readings: memory.readings + 1 },
        send: [{ performative: 'request', receiver: 'boiler', content: { kind: 'burner', on: true } }],
      }),
    },
    {
      name: 'too-warm',
      on: 'inform',
      when: ({ message, memory }) =>
        message.content.kind === 'reading' && memory.heating && message.content.celsius > memory.target + 1,
      act: ({ memory }) => ({
        memory: { heating: false, confirmed: false, readings: memory.readings + 1 },
        send: [{ performative: 'request', receiver: 'boiler', content: { kind: 'burner', on: false } }],
      }),
    },
    {
      name: 'burner-confirmed',
      on: 'inform',
      when: ({ message }) => message.content.kind === 'burner-state',
      act: ({ message, memory }) => ({
        memory: {
          confirmed: message.content.kind === 'burner-state' && message.content.on === memory.heating,
        },
      }),
    },
    {
      name: 'note-reading',
      on: 'inform',
      act: ({ memory }) => ({ memory: { readings: memory.readings + 1 } }),
    },
  ],
});

export const boiler = reactiveAgent<{ on: boolean; switched: number }, BurnerCommand>({
  id: 'boiler',
  memory: { on: false, switched: 0 },
  rules: [
    {
      name: 'switch',
      on: 'request',
      when: ({ message, memory }) => message.content.on !== memory.on,
      act: ({ message, memory }) => ({
        memory: { on: message.content.on, switched: memory.switched + 1 },
        send: [reply(message, 'inform', { kind: 'burner-state', on: message.content.on })],
      }),
    },
    {
      name: 'already',
      on: 'request',
      act: ({ message, memory }) => ({
        send: [reply(message, 'inform', { kind: 'burner-state', on: memory.on })],
      }),
    },
  ],
});

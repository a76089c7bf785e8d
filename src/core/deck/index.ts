// Slide decks for meetings (issue 8): the model, the default deck, figures read from the Evaluation, editing, and
// village relocation over time against its targets.
export * from './types';
export * from './labels';
export * from './figures';
export * from './defaultDeck';
export * from './edit';
export * from './validate';
export * from './relocation';

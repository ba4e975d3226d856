import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Whether a conditional write's condition held. A condition that did not hold is an answer (the item moved
 * on, a counter is full), not an error; any other failure is thrown.
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface ConfirmButtonProps extends ButtonProps {
  id?: string;
  /** The question, e.g. "End this session?". */
  title: string;
  /** What happens, in a sentence. */
  consequence: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  children: ReactNode;
}

/**
 * A button for something that cannot be undone: it asks first, in a dialog that names the consequence. It looks
 * like a table row's quiet red action unless told otherwise.
 */
export function ConfirmButton({ title, consequence, confirmLabel, onConfirm, children, ...buttonProps }: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="xs" variant="subtle" color="red" {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Text size="sm">{consequence}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}

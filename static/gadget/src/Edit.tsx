/**
 * The gadget's edit mode: a project the user may browse, one of its versions (or its next release, which the
 * gadget then follows from release to release) and an environment (or all of them). Save hands the configuration
 * to Jira with `view.submit`; Jira then shows the gadget with it.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import { GadgetConfig } from '../../../src/gadget/config';
import type { GadgetOptions } from '../../../src/resolvers/gadget-contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDay } from '../../shared/format';
import { LicenceMessage } from '../../shared/LicenceMessage';
import { forgetLicenceInactive, useLicenceInactive } from '../../shared/licence';
import { useLatestLoad } from '../../shared/useLatestLoad';
import { gadgetApi } from './api';
import { Picker, type Option } from './Picker';

const projectOption = (p: { key: string; name: string }): Option => ({ value: p.key, label: `${p.name} (${p.key})` });

function versionLabel(v: NonNullable<GadgetOptions['versions']>[number]): string {
  const state = v.archived ? 'archived' : v.released ? 'released' : 'unreleased';
  return `${v.name} (${state}${v.releaseDate ? `, ${formatDay(v.releaseDate)}` : ''})`;
}

interface Props {
  initial?: GadgetConfig;
  submit: (config: GadgetConfig) => Promise<void>;
}

export function Edit({ initial, submit }: Props) {
  const licenceInactive = useLicenceInactive();
  const [project, setProject] = useState(initial?.project);
  const [version, setVersion] = useState(initial?.version);
  const [environment, setEnvironment] = useState(initial?.environment);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const { data: options, loading, error, load } = useLatestLoad(
    () => gadgetApi.options({ ...(project ? { project } : {}), ...(version ? { version } : {}) }),
    [project, version],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const known = options?.projects.find((p) => p.key === project);
  const projectValue = project ? (known ? projectOption(known) : { value: project, label: project }) : null;
  const versions = options?.versions ?? [];
  const versionOptions: Option[] = [
    { value: '', label: options?.nextVersion ? `Next release (now ${options.nextVersion})` : 'Next release' },
    ...versions.map((v) => ({ value: v.name, label: versionLabel(v) })),
  ];
  const environments = [...new Set([...(options?.environments ?? []), ...(environment ? [environment] : [])])];
  const environmentOptions: Option[] = [{ value: '', label: 'Every environment' }, ...environments.map((e) => ({ value: e, label: e }))];
  const ready = !!project && !!options?.versions && !loading;

  const save = async () => {
    setSaveError(undefined);
    const config = GadgetConfig.safeParse({ project, ...(version ? { version } : {}), ...(environment ? { environment } : {}) });
    if (!config.success) {
      setSaveError(new Error(config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
      return;
    }
    setSaving(true);
    try {
      await submit(config.data);
    } catch (e) {
      setSaveError(e);
      setSaving(false);
    }
  };

  if (licenceInactive) {
    return (
      <LicenceMessage
        audience="viewer"
        onCheckAgain={() => {
          forgetLicenceInactive();
          void load();
        }}
      />
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack space="space.200">
        <Heading size="small" as="h1">
          Release readiness: what to show
        </Heading>
        <Picker
          label="Project"
          options={(options?.projects ?? []).map(projectOption)}
          value={projectValue}
          search={(text) => gadgetApi.options({ query: text }).then((o) => o.projects.map(projectOption))}
          onChange={(key) => {
            setProject(key);
            setVersion(undefined);
            setEnvironment(undefined);
          }}
          placeholder="Choose a project"
        />
        {options?.moreProjects && !project ? (
          <Text as="p" size="small" color="color.text.subtle">
            More projects than are listed: type part of a project's name or key.
          </Text>
        ) : null}
        <Picker
          label="Version"
          options={versionOptions}
          value={versionOptions.find((o) => o.value === (version ?? '')) ?? null}
          onChange={(v) => {
            setVersion(v);
            setEnvironment(undefined);
          }}
          isDisabled={!project}
          isLoading={!!project && loading}
        />
        <Picker
          label="Environment"
          options={environmentOptions}
          value={environmentOptions.find((o) => o.value === (environment ?? '')) ?? null}
          onChange={setEnvironment}
          isDisabled={!project}
          isLoading={!!project && loading}
        />
        {project && options?.versions && versions.length === 0 ? (
          <SectionMessage appearance="information" title={`${project} has no version`}>
            <Text as="p">Readiness is counted in a version: create one in the project's Releases and make it the fix version of the stories planned for it.</Text>
          </SectionMessage>
        ) : null}
        {error ? <ErrorMessage error={error} title="The projects and versions could not be loaded" actions={<Button onClick={() => void load()}>Try again</Button>} /> : null}
        {saveError ? <ErrorMessage error={saveError} title="The gadget's configuration was not saved" /> : null}
        <Inline space="space.100">
          <Button appearance="primary" type="submit" isDisabled={!ready} isLoading={saving}>
            Save
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

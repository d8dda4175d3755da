/** Maps one external project to a Jira project: issue type, schedule, what is synced and what a deletion in Jira means. */
import { FormActions } from '../../shared/FormActions';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { Stack } from '@atlaskit/primitives';
import { useMemo, useState, type FormEvent } from 'react';
import type { Tool } from '../../../src/domain/model';
import type { JiraProjectView, MappingView, OnDeletedInJira, Schedule } from '../../../src/resolvers/contract';
import { toDisplayError } from '../../shared/bridge';
import { Checkbox } from '../../shared/Checkbox';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { Field } from '../../shared/Field';
import { Loading } from '../../shared/Loading';
import { useResource } from '../../shared/useResource';
import { adminApi } from './api';
import { describeTool, TOOL_DESCRIPTIONS } from './connectionTools';
import { FORM_MAX_WIDTH } from './layout';
import { splitFieldErrors, type FieldSpec } from './fieldErrors';
import { ON_DELETED_LABEL } from './onDeleted';
import { SCHEDULE_LABEL } from './schedule';

type Option = { label: string; value: string };
type FieldKey = 'externalProjectId' | 'jiraProjectKey' | 'issueType' | 'schedule' | 'onDeletedInJira';

const FIELDS: FieldSpec<FieldKey>[] = [
  {
    key: 'externalProjectId',
    labels: ['External project', ...Object.values(TOOL_DESCRIPTIONS).map((d) => d.project), 'Project not found'],
  },
  { key: 'jiraProjectKey', labels: ['Jira project'] },
  { key: 'issueType', labels: ['Issue type'] },
  { key: 'schedule', labels: ['Schedule'] },
  { key: 'onDeletedInJira', labels: ['When a synced test issue is deleted in Jira'] },
];

const SCHEDULE_OPTIONS: Option[] = (Object.keys(SCHEDULE_LABEL) as Schedule[]).map((s) => ({ value: s, label: SCHEDULE_LABEL[s] }));
const ON_DELETED_OPTIONS: Option[] = (Object.keys(ON_DELETED_LABEL) as OnDeletedInJira[]).map((v) => ({ value: v, label: ON_DELETED_LABEL[v] }));

function defaultIssueType(project: JiraProjectView | undefined): string {
  if (!project || project.issueTypes.length === 0) return '';
  return project.issueTypes.find((t) => t.toLowerCase() === 'test') ?? project.issueTypes[0];
}

interface Props {
  connectionId: string;
  /** The connection's tool, which names its projects. */
  tool: Tool;
  jiraProjects: JiraProjectView[];
  existing?: MappingView;
  /** External projects already mapped on this connection (hidden from the choice when adding). */
  mappedIds: string[];
  onSaved: () => void;
  onCancel: () => void;
}

export function MappingForm({ connectionId, tool, jiraProjects, existing, mappedIds, onSaved, onCancel }: Props) {
  const { name: toolName, project: projectLabel } = describeTool(tool);
  const external = useResource(() => adminApi.listExternalProjects(connectionId));
  const [externalId, setExternalId] = useState(existing?.externalProjectId ?? '');
  const [jiraKey, setJiraKey] = useState(existing?.jiraProjectKey ?? '');
  const [issueType, setIssueType] = useState(existing?.issueType ?? '');
  const [schedule, setSchedule] = useState<Schedule>(existing?.schedule ?? 'hour');
  const [syncRuns, setSyncRuns] = useState(existing?.syncRuns ?? true);
  const [syncLinks, setSyncLinks] = useState(existing?.syncRequirementLinks ?? true);
  const [onDeleted, setOnDeleted] = useState<OnDeletedInJira>(existing?.onDeletedInJira ?? 'leave');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldKey, string>>>({});

  const externalOptions = useMemo<Option[]>(() => {
    const projects = external.data?.projects ?? [];
    const options = projects
      .filter((p) => p.id === existing?.externalProjectId || !mappedIds.includes(p.id))
      .map((p) => ({ value: p.id, label: p.name }));
    if (existing && !options.some((o) => o.value === existing.externalProjectId)) {
      options.unshift({ value: existing.externalProjectId, label: existing.externalProjectName || existing.externalProjectId });
    }
    return options;
  }, [external.data, existing, mappedIds]);

  const jiraOptions: Option[] = jiraProjects.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  const jiraProject = jiraProjects.find((p) => p.key === jiraKey);
  const issueTypeOptions: Option[] = (jiraProject?.issueTypes ?? []).map((t) => ({ value: t, label: t }));

  function chooseJiraProject(key: string) {
    setJiraKey(key);
    const project = jiraProjects.find((p) => p.key === key);
    if (!project?.issueTypes.includes(issueType)) setIssueType(defaultIssueType(project));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    const name = externalOptions.find((o) => o.value === externalId)?.label ?? '';
    try {
      await adminApi.saveMapping({
        connectionId,
        externalProjectId: externalId,
        externalProjectName: name,
        jiraProjectKey: jiraKey,
        issueType,
        schedule,
        syncRuns,
        syncRequirementLinks: syncLinks,
        onDeletedInJira: onDeleted,
      });
      onSaved();
    } catch (err) {
      setFieldErrors(splitFieldErrors(toDisplayError(err).message, FIELDS).fields);
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const pick = (options: Option[], value: string) => options.find((o) => o.value === value) ?? null;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={existing ? `Edit mapping of ${existing.externalProjectName || existing.externalProjectId}` : 'Add mapping'}
      style={{
        maxWidth: FORM_MAX_WIDTH,
        padding: token('space.200'),
        border: `${token('border.width')} solid ${token('color.border')}`,
        borderRadius: token('radius.medium'),
      }}
    >
      <Stack space="space.200">
        <Heading size="xxsmall" as="h5">
          {existing ? `Edit mapping of ${existing.externalProjectName || existing.externalProjectId}` : 'Add mapping'}
        </Heading>
        {error ? <ErrorMessage error={error} title="The mapping was not saved" /> : null}
        {external.error ? (
          <ErrorMessage
            error={external.error}
            title={`The ${toolName} projects could not be listed`}
            actions={<Button onClick={() => void external.reload()}>Try again</Button>}
          />
        ) : null}
        {external.loading && !external.data ? <Loading label={`Loading ${toolName} projects`} /> : null}
        <Field label={projectLabel} required error={fieldErrors.externalProjectId} help="Archived projects are not listed.">
          {(p) => (
            <Select<Option>
              inputId={p.id}
              options={externalOptions}
              value={pick(externalOptions, externalId)}
              onChange={(o) => setExternalId(o?.value ?? '')}
              isDisabled={!!existing || external.loading}
              isInvalid={!!fieldErrors.externalProjectId}
              placeholder={external.loading ? 'Loading…' : 'Choose a project'}
              noOptionsMessage={() => 'No unmapped projects'}
            />
          )}
        </Field>
        <Field label="Jira project" required error={fieldErrors.jiraProjectKey}>
          {(p) => (
            <Select<Option>
              inputId={p.id}
              options={jiraOptions}
              value={pick(jiraOptions, jiraKey)}
              onChange={(o) => chooseJiraProject(o?.value ?? '')}
              isInvalid={!!fieldErrors.jiraProjectKey}
              placeholder="Choose a Jira project"
            />
          )}
        </Field>
        <Field
          label="Issue type"
          required
          error={fieldErrors.issueType}
          help="Test cases become issues of this type. “Test” is chosen when the project has it."
        >
          {(p) => (
            <Select<Option>
              inputId={p.id}
              options={issueTypeOptions}
              value={pick(issueTypeOptions, issueType)}
              onChange={(o) => setIssueType(o?.value ?? '')}
              isDisabled={!jiraProject}
              isInvalid={!!fieldErrors.issueType}
              placeholder={jiraProject ? 'Choose an issue type' : 'Choose a Jira project first'}
            />
          )}
        </Field>
        <Field label="Schedule" error={fieldErrors.schedule} help={`How often changes are pulled from ${toolName}.`}>
          {(p) => (
            <Select<Option>
              inputId={p.id}
              options={SCHEDULE_OPTIONS}
              value={pick(SCHEDULE_OPTIONS, schedule)}
              onChange={(o) => setSchedule((o?.value as Schedule) ?? 'hour')}
              isInvalid={!!fieldErrors.schedule}
            />
          )}
        </Field>
        <Checkbox label="Sync runs" checked={syncRuns} onChange={setSyncRuns} help="Latest results and recent run history of each test." />
        <Checkbox
          label="Sync requirement links"
          checked={syncLinks}
          onChange={setSyncLinks}
          help="Links each test to the Jira issues it covers (“tests”)."
        />
        <Field
          label="When a synced test issue is deleted in Jira"
          error={fieldErrors.onDeletedInJira}
          help={`“Leave it deleted” respects the deletion. “Create it again” creates the issue again from ${toolName} at the next sync.`}
        >
          {(p) => (
            <Select<Option>
              inputId={p.id}
              options={ON_DELETED_OPTIONS}
              value={pick(ON_DELETED_OPTIONS, onDeleted)}
              onChange={(o) => setOnDeleted((o?.value as OnDeletedInJira) ?? 'leave')}
              isInvalid={!!fieldErrors.onDeletedInJira}
            />
          )}
        </Field>
        <FormActions submitLabel="Save mapping" saving={saving} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

// Templates: custom values are checked when saved and rendered cleanly for known and unknown callers.
import { ConfigValidationError } from '../../src/config/errors';
import { parseBundle } from '../../src/config/parse';
import { CUSTOM_VALUES, checkTemplate, renderTemplate } from '../../src/templates/template';

describe('checkTemplate', () => {
  test.each([
    ['Hi {{contact.first_name}}', null],
    ['Hi {{ contact.first_name | there }}, {{business.name}} here', null],
    ['Plain text, no values', null],
    ['Hi {{contact.firstname}}', /unknown custom value "\{\{contact\.firstname\}\}"/],
    ['Hi {{contact.first_name}', /never closed/],
    ['Hi contact.first_name}}', /"\}\}" with no "\{\{"/],
    ['Hi {{ {{contact.name}} }}', /brace inside/],
    ['Hi {{ }}', /empty custom value/],
    ['Hi {{custom_values.promo}}', /unknown custom value/],
  ])('%s', (template, problem) => {
    const found = checkTemplate(template);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  test('every known custom value is accepted', () => {
    expect(CUSTOM_VALUES).toEqual(expect.arrayContaining(['contact.first_name', 'business.name', 'location.name', 'call.from']));
    for (const name of CUSTOM_VALUES) expect(checkTemplate(`{{${name}}}`)).toBeNull();
  });
});

describe('renderTemplate', () => {
  const known = {
    'contact.first_name': 'Dana',
    'contact.last_name': 'Whitfield',
    'contact.name': 'Dana Whitfield',
    'business.name': 'Acme Plumbing',
    'number.name': 'Main line',
    'call.from': '+15550100200',
  };

  test('fills every custom value', () => {
    expect(
      renderTemplate(
        'Hi {{contact.first_name}} {{contact.last_name}} ({{contact.name}}), {{business.name}} / {{location.name}} / {{number.name}} / {{call.from}}',
        known,
      ),
    ).toBe('Hi Dana Whitfield (Dana Whitfield), Acme Plumbing / Acme Plumbing / Main line / +15550100200');
  });

  test('an unknown caller gets the fallback, or a clean sentence with no braces and no double space', () => {
    expect(renderTemplate('Hi {{contact.first_name | there}}, sorry we missed you.', {})).toBe('Hi there, sorry we missed you.');
    expect(renderTemplate('Hi {{contact.first_name}}, sorry we missed you.', {})).toBe('Hi, sorry we missed you.');
    expect(renderTemplate('{{contact.first_name}} we missed you', {})).toBe('we missed you');
    expect(renderTemplate('Thanks {{contact.first_name}} {{contact.last_name}} for calling.', { 'contact.first_name': 'Dana' })).toBe(
      'Thanks Dana for calling.',
    );
  });

  test('odd characters in names are kept as they are; whitespace inside a value is folded', () => {
    expect(renderTemplate('Hi {{contact.first_name}}!', { 'contact.first_name': "Zoë O'Brien-Łukasz 📞" })).toBe(
      "Hi Zoë O'Brien-Łukasz 📞!",
    );
    expect(renderTemplate('Hi {{contact.first_name}}!', { 'contact.first_name': '  Ann \n Lee ' })).toBe('Hi Ann Lee!');
    expect(renderTemplate('Hi {{contact.first_name}}!', { 'contact.first_name': '{{business.name}}' })).toBe('Hi {{business.name}}!');
  });

  test('a template that does not parse still renders without braces', () => {
    expect(renderTemplate('Hi {{contact.first_name}, call us', {})).toBe('Hi contact.first_name, call us');
  });
});

describe('templates in the configuration', () => {
  test.each([
    ['whisper', { callConnect: { enabled: true, whisper: 'Call for {{number.nam}}' } }, 'workspaces.0.numbers.0.callConnect.whisper'],
    [
      'recording announcement',
      { recording: { enabled: true, announcement: 'Recorded {{' } },
      'workspaces.0.numbers.0.recording.announcement',
    ],
  ])('a broken %s is refused with its path', (_title, numberFields, path) => {
    const bundle = { workspaces: [{ id: 'w', name: 'W', numbers: [{ number: '+15550100100', name: 'n', ...numberFields }] }] };
    try {
      parseBundle(bundle);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).issues).toContainEqual({
        path,
        message: expect.stringMatching(/unknown custom value|never closed/),
      });
    }
  });

  test('a broken text-back message is refused with its path', () => {
    const bundle = { workspaces: [{ id: 'w', name: 'W', textBack: { enabled: true, message: 'Hi {{contact.first_name}}}}' } }] };
    expect(() => parseBundle(bundle)).toThrow(/workspaces\.0\.textBack\.message: has "\}\}" with no "\{\{"/);
  });
});
